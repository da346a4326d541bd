struct peer {
	int state;
};

struct peer_tbl {
	struct peer *cur;
};

void peer_wait_ready(struct peer_tbl *t)
{
	struct peer *p;

	rcu_read_lock();
	p = t->cur;
	while (p && !p->state)
		msleep(1);					/* expect: sleep-in-atomic */
	rcu_read_unlock();
}
