import { AppError, ErrorCode, type RequestContext } from '@leadgraph/shared';
import { User } from '../user/user.entity';
import { userById } from '../user/user.loader';

/**
 * The user behind a user session. An API key acts for its owner but is not the owner: it may
 * not change the owner's second factor or ask for their mails.
 */
export async function signedInUser(ctx: RequestContext): Promise<User> {
  const { principal } = ctx;
  if (principal.kind !== 'user' || !principal.userId) {
    throw new AppError(ErrorCode.FORBIDDEN, 'Only a user signed in with a password can do this');
  }
  const user = await userById(ctx).load(principal.userId);
  if (!user) throw new AppError(ErrorCode.UNAUTHENTICATED, 'The signed-in user no longer exists');
  return user;
}

/** The user as the database has it now, after this request changed it. */
export async function reloadUser(ctx: RequestContext, id: string): Promise<User> {
  const user = await userById(ctx).clear(id).load(id);
  if (!user) throw new AppError(ErrorCode.NOT_FOUND, 'User not found');
  return user;
}
