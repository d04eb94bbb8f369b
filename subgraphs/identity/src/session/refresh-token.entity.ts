import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type RefreshTokenRevocation = 'logout' | 'reuse' | 'password_reset' | 'user_deactivated' | 'admin';

/**
 * One refresh token (seed 001, plus family and rotation). Every rotation adds a token to the
 * family of the login it descends from, so a reused token can revoke everything issued after it.
 */
@Entity({ name: 'refresh_tokens', schema: 'identity' })
export class RefreshToken {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'family_id', type: 'uuid' }) familyId: string;
  /** sha256 of the token (src/auth/opaque-token.ts); the token itself is never stored. */
  @Column({ name: 'token_hash', type: 'bytea' }) tokenHash: Buffer;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'rotated_at', type: 'timestamptz', nullable: true }) rotatedAt: Date | null;
  @Column({ name: 'replaced_by', type: 'uuid', nullable: true }) replacedBy: string | null;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Column({ name: 'revoked_reason', type: 'varchar', length: 30, nullable: true }) revokedReason: RefreshTokenRevocation | null;
}
