struct cache {
	struct mutex lock;
	void *slot;
};

void *cache_get(struct cache *c, void *fresh)
{
	void *p = c->slot;

	if (!p) {
		mutex_lock(&c->lock);
		c->slot = fresh;
		p = fresh;
	}
	mutex_unlock(&c->lock);					/* expect: unlock-not-held */
	return p;
}
