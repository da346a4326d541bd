/* expect-none */
struct cfg {
	struct mutex lock;
	int v;
};

int cfg_bump(struct cfg *c)
{
	guard(mutex)(&c->lock);
	if (c->v > 10)
		return -ERANGE;
	c->v++;
	return 0;
}
