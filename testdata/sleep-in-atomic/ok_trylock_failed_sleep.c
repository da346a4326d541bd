/* expect-none */
struct poller {
	spinlock_t lock;
	int busy;
};

void poller_run(struct poller *p)
{
	if (!spin_trylock(&p->lock)) {
		msleep(1);
		return;
	}
	p->busy = 1;
	spin_unlock(&p->lock);
}
