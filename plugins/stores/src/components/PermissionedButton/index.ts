export { PermissionedButton } from './PermissionedButton';
export type { PermissionedButtonProps } from './PermissionedButton';
