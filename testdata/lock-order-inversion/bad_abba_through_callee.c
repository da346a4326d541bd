struct fs_ctx {
	struct mutex a_lock;
	struct mutex b_lock;
	int gen;
};

static void bump_gen_locked_a(struct fs_ctx *c)
{
	mutex_lock(&c->a_lock);
	c->gen++;
	mutex_unlock(&c->a_lock);
}

void fs_sync(struct fs_ctx *c)
{
	mutex_lock(&c->a_lock);
	mutex_lock(&c->b_lock);					/* expect: lock-order-inversion */
	c->gen = 0;
	mutex_unlock(&c->b_lock);
	mutex_unlock(&c->a_lock);
}

void fs_commit(struct fs_ctx *c)
{
	mutex_lock(&c->b_lock);
	bump_gen_locked_a(c);
	mutex_unlock(&c->b_lock);
}
