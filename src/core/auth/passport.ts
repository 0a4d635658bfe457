import passport, { Strategy } from 'passport';
import { AuthScheme } from './auth-scheme';
import { Principal } from './principal';

/**
 * This application's own Passport: the process-wide default would let two applications in one
 * process (tests, multi-instance checks) overwrite each other's strategies and secrets.
 */
export const PASSPORT = Symbol('PASSPORT');

export function createPassport() {
  return new passport.Authenticator();
}

export type PassportInstance = ReturnType<typeof createPassport>;

type Done = (error: unknown, principal?: Principal | false) => void;

/** Adapts an async `validate` to Passport's callback style: a thrown HttpException keeps its status. */
export function verifyWith<A extends unknown[]>(validate: (...args: A) => Promise<Principal>) {
  return (...args: [...A, Done]): void => {
    const done = args.pop() as Done;
    validate(...(args as unknown as A)).then(
      (principal) => done(null, principal),
      (error) => done(error),
    );
  };
}

/** A feature module's credential check for one scheme, registered on this application's Passport. */
export function registerStrategy(instance: PassportInstance, scheme: AuthScheme, strategy: Strategy): void {
  instance.use(scheme, strategy);
}
