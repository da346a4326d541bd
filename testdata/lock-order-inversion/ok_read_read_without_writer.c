/* expect-none */
struct registry {
	struct rw_semaphore sem;
	int n;
};

struct consumer {
	struct mutex lock;
	int seen;
};

void registry_walk(struct registry *r, struct consumer *c)
{
	down_read(&r->sem);
	mutex_lock(&c->lock);
	c->seen = r->n;
	mutex_unlock(&c->lock);
	up_read(&r->sem);
}

void consumer_refresh(struct consumer *c, struct registry *r)
{
	mutex_lock(&c->lock);
	down_read(&r->sem);
	c->seen = r->n;
	up_read(&r->sem);
	mutex_unlock(&c->lock);
}
