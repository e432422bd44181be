import type { Request, Response } from 'express';

/** One route's handler; express-promise-router passes its rejections on. */
export type RouteHandler = (req: Request, res: Response) => Promise<void>;
