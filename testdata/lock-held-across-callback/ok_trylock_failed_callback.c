/* expect-none */
struct cache;

struct cache_ops {
	void (*miss)(struct cache *c);
};

struct cache {
	struct mutex lock;
	const struct cache_ops *ops;
	int hits;
};

void cache_touch(struct cache *c)
{
	if (!mutex_trylock(&c->lock)) {
		c->ops->miss(c);
		return;
	}
	c->hits++;
	mutex_unlock(&c->lock);
}
