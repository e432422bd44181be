import {
  coreServices,
  createServiceFactory,
  type AuthService,
  type UserInfoService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/*
 * The people of the policy tests and how the test backend knows them. Their
 * ownership refs (user and groups) are what a catalog sign-in puts in a
 * Backstage token; the real permission backend and the real signals backend
 * read them through the userInfo service, as they do in the portal.
 */

export const JANE = 'user:default/jane';
export const OMAR = 'user:default/omar';
export const ADA = 'user:default/ada';
export const SHOP_TEAM = 'group:default/shop-team';
export const MARKETING = 'group:default/marketing';
export const PLATFORM_TEAM = 'group:default/platform-team';

/** jane in shop-team, omar in marketing, ada in platform-team (the admins). */
export const GROUPS_OF: Record<string, string[]> = {
  [JANE]: [SHOP_TEAM],
  [OMAR]: [MARKETING],
  [ADA]: [PLATFORM_TEAM],
};

/** userInfo with the ownership refs of {@link GROUPS_OF}. */
export const peopleUserInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: (): UserInfoService => ({
    async getUserInfo(credentials) {
      const principal = credentials.principal as {
        type: string;
        userEntityRef?: string;
      };
      if (principal.type !== 'user' || !principal.userEntityRef) {
        throw new Error(`No user info for a ${principal.type} principal`);
      }
      const user = principal.userEntityRef;
      return {
        userEntityRef: user,
        ownershipEntityRefs: [user, ...(GROUPS_OF[user] ?? [])],
      };
    },
  }),
});

const WEBSOCKET_TOKEN_PREFIX = 'ws.';

/**
 * A mock user token in a form a WebSocket sub-protocol can carry (the
 * browser sends its Backstage token as `Sec-WebSocket-Protocol`, which
 * allows no quotes or braces, and mock tokens are JSON).
 */
export function webSocketToken(mockToken: string): string {
  return `${WEBSOCKET_TOKEN_PREFIX}${Buffer.from(mockToken).toString(
    'base64url',
  )}`;
}

/**
 * The test backend's mock auth service with two changes that make it behave
 * as the real one does where these tests need it: it accepts the tokens of
 * {@link webSocketToken}, and a plugin's request on behalf of a user carries
 * that plugin as the actor (the real permission backend answers conditional
 * queries only for such requests, not for users calling it directly, which
 * is what the mock's on-behalf-of tokens look like).
 */
export const testAuthFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const mock = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: (token, options) =>
        mock.authenticate(
          token.startsWith(WEBSOCKET_TOKEN_PREFIX)
            ? Buffer.from(
                token.slice(WEBSOCKET_TOKEN_PREFIX.length),
                'base64url',
              ).toString()
            : token,
          options,
        ),
      isPrincipal: mock.isPrincipal.bind(mock) as AuthService['isPrincipal'],
      getNoneCredentials: () => mock.getNoneCredentials(),
      getOwnServiceCredentials: () => mock.getOwnServiceCredentials(),
      getPluginRequestToken: async options => {
        const { principal } = options.onBehalfOf as {
          principal: { type: string; userEntityRef?: string };
        };
        if (principal.type === 'user' && principal.userEntityRef) {
          return {
            token: mockCredentials.user.token(principal.userEntityRef, {
              actor: { subject: `plugin:${plugin.getId()}` },
            }),
          };
        }
        return mock.getPluginRequestToken(options);
      },
      getLimitedUserToken: credentials => mock.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => mock.listPublicServiceKeys(),
    };
  },
});
