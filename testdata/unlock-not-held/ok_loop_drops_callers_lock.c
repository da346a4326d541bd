/* expect-none */
/*
 * Called with the queue lock held, the drain loop drops it around each wait and takes it back. On the first
 * iteration the release drops the caller's hold; on later ones the re-taken lock: held either way.
 */
struct txq {
	spinlock_t lock;
	int inflight;
};

static void txq_drain(struct txq *q)
{
	while (q->inflight) {
		spin_unlock_irq(&q->lock);
		msleep(1);
		spin_lock_irq(&q->lock);
	}
}

void txq_stop(struct txq *q)
{
	spin_lock_irq(&q->lock);
	txq_drain(q);
	q->inflight = -1;
	spin_unlock_irq(&q->lock);
}
