/* expect-none */
struct cfg {
	struct mutex lock;
	int v;
};

int cfg_set(struct cfg *c, int v)
{
	int ret;

	ret = mutex_lock_killable(&c->lock);
	if (ret)
		return ret;
	c->v = v;
	mutex_unlock(&c->lock);
	return 0;
}
