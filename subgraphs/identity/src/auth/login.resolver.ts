import bcrypt from 'bcryptjs';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { AppError, ErrorCode, Public, type RequestContext } from '@leadgraph/shared';
import { identityConfig } from '../config';
import { rolesByUser } from '../role/role.loader';
import { User } from '../user/user.entity';
import { userById } from '../user/user.loader';
import { LoginInput, LoginPayload } from './login.inputs';
import { tokenService } from './token.service';

interface LoginCandidate {
  user_id: string;
  tenant_id: string;
  tenant_slug: string;
  password_hash: string;
  user_active: boolean;
  tenant_active: boolean;
}

// Compared against when no user matches, so a wrong email costs as long as a wrong password.
const DUMMY_HASH = bcrypt.hashSync('leadgraph-timing-equaliser', 10);
const invalidCredentials = () => new AppError(ErrorCode.UNAUTHENTICATED, 'Invalid email or password');

@Resolver()
export class LoginResolver {
  @Public()
  @Mutation(() => LoginPayload, { description: 'Exchanges email and password for an access token.' })
  async login(@Arg('input') input: LoginInput, @Ctx() ctx: RequestContext): Promise<LoginPayload> {
    const rows: LoginCandidate[] = await ctx.manager.query('SELECT * FROM identity.login_candidates($1)', [input.email]);
    const candidates = input.tenant ? rows.filter((r) => r.tenant_slug === input.tenant) : rows;
    if (candidates.length > 1) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'This email belongs to several tenants: pass `tenant` (the tenant slug)');
    }
    const candidate = candidates[0];
    const ok = await bcrypt.compare(input.password, candidate?.password_hash ?? DUMMY_HASH);
    if (!candidate || !ok) throw invalidCredentials();
    if (!candidate.user_active || !candidate.tenant_active) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'This account is disabled');
    }

    // From here on the transaction runs as the user's tenant, under RLS like any request.
    await ctx.manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [candidate.tenant_id]);
    await ctx.manager.update(User, { id: candidate.user_id }, { lastLoginAt: new Date() });
    const [user, roles] = await Promise.all([userById(ctx).load(candidate.user_id), rolesByUser(ctx).load(candidate.user_id)]);
    if (!user) throw invalidCredentials();

    const tokens = tokenService(() => identityConfig());
    const accessToken = tokens.sign({
      sub: user.id,
      tid: user.tenantId,
      roles: roles.map((r) => r.name),
      perms: [...new Set(roles.flatMap((r) => r.permissions))].sort(),
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: tokens.ttlSeconds, user };
  }
}
