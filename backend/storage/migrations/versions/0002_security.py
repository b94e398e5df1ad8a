"""account protection: guess sources, possession codes, lock-out lifting, security events

Revision ID: 0002_security
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002_security'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('guesses_cleared_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('registration_drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('possession', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('possession_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('code_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('code_expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('code_tries', sa.Integer(), server_default=sa.text('0'), nullable=False))
        batch_op.add_column(sa.Column('code_sends', sa.Integer(), server_default=sa.text('0'), nullable=False))
        batch_op.add_column(sa.Column('code_sent_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('verification_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('source_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('account_tried', sa.String(length=12), nullable=True))
        batch_op.create_index(batch_op.f('ix_verification_attempts_source_key'), ['source_key'], unique=False)

    with op.batch_alter_table('lockouts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('lifted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('lifted_by', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_lockouts_source_key'), ['source_key'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_lockouts_lifted_by_staff_users'), 'staff_users',
                                    ['lifted_by'], ['id'])

    op.create_table('conversation_sources',
    sa.Column('conversation_id', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('source_key', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('conversation_id', name=op.f('pk_conversation_sources'))
    )
    with op.batch_alter_table('conversation_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversation_sources_source_key'), ['source_key'], unique=False)

    op.create_table('security_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=True),
    sa.Column('detail', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_security_events_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_security_events'))
    )
    with op.batch_alter_table('security_events', schema=None) as batch_op:
        batch_op.create_index('ix_security_events_member_time', ['member_id', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('security_events', schema=None) as batch_op:
        batch_op.drop_index('ix_security_events_member_time')
    op.drop_table('security_events')
    with op.batch_alter_table('conversation_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversation_sources_source_key'))
    op.drop_table('conversation_sources')
    with op.batch_alter_table('lockouts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_lockouts_lifted_by_staff_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_lockouts_source_key'))
        batch_op.drop_column('lifted_by')
        batch_op.drop_column('lifted_at')
        batch_op.drop_column('source_key')
    with op.batch_alter_table('verification_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verification_attempts_source_key'))
        batch_op.drop_column('account_tried')
        batch_op.drop_column('source_key')
        batch_op.drop_column('channel')
    with op.batch_alter_table('registration_drafts', schema=None) as batch_op:
        for column in ('code_sent_at', 'code_sends', 'code_tries', 'code_expires_at', 'code_hash',
                       'possession_at', 'possession'):
            batch_op.drop_column(column)
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_column('guesses_cleared_at')
