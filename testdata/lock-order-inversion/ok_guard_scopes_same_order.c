/* expect-none */
struct link {
	spinlock_t tx_lock;
	spinlock_t rx_lock;
	int tx;
	int rx;
};

void link_reset(struct link *l)
{
	guard(spinlock)(&l->tx_lock);
	scoped_guard(spinlock, &l->rx_lock) {
		l->rx = 0;
	}
	l->tx = 0;
}

void link_count(struct link *l)
{
	scoped_guard(spinlock, &l->tx_lock) {
		spin_lock(&l->rx_lock);
		l->tx = l->rx;
		spin_unlock(&l->rx_lock);
	}
}
