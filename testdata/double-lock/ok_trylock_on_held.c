/* expect-none */
struct poller {
	spinlock_t lock;
	int busy;
};

int poller_kick(struct poller *p)
{
	int got;

	spin_lock(&p->lock);
	p->busy = 1;
	spin_unlock(&p->lock);
	got = spin_trylock(&p->lock);
	if (!got)
		return 0;
	p->busy = 0;
	spin_unlock(&p->lock);
	return 1;
}
