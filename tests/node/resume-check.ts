// Compile-time checks of the sign-in state declarations of index.d.ts (never executed).
import {
  CognitoUser,
  CognitoUserPool,
  StateSealer,
  type ErrorCode,
  type SignInState,
} from 'cognito-mfa';

export function resumeAcrossRequests(pool: CognitoUserPool, user: CognitoUser, key: Uint8Array): CognitoUser {
  const state: SignInState = user.exportState({ lifetime: 300 });
  if (state.progress.kind === 'challenge') {
    const name: string = state.progress.name;
    const session: string = state.progress.session;
    void [name, session];
  } else {
    const refresh: string | null = state.progress.refresh_token;
    void refresh;
  }
  const again: CognitoUser = CognitoUser.resume(pool, state);
  void again;
  const sealer = new StateSealer({ keys: { k1: key }, sealWith: 'k1' });
  const sealWith: string = sealer.sealWith;
  const sealed: string = sealer.seal(user);
  const opened: SignInState = sealer.open(pool, sealed);
  void [sealWith, opened];
  const code: ErrorCode = 'InvalidStateError';
  void code;
  // @ts-expect-error: the options are an object with `keys` and `sealWith`
  new StateSealer({ k1: key });
  // @ts-expect-error: a sealed value is a string
  CognitoUser.resumeSealed(pool, sealer, 42);
  return CognitoUser.resumeSealed(pool, sealer, sealed);
}
