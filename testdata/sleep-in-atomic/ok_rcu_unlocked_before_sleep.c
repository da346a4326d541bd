/* expect-none */
struct peer {
	int state;
};

struct peer_tbl {
	struct peer *cur;
};

int peer_state(struct peer_tbl *t)
{
	struct peer *p;
	int state = 0;

	rcu_read_lock();
	p = t->cur;
	if (p)
		state = p->state;
	rcu_read_unlock();
	if (!state)
		msleep(1);
	return state;
}
