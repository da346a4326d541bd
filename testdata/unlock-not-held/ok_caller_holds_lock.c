/* expect-none */
struct queue {
	spinlock_t lock;
	int len;
};

/* Called with q->lock held; drops it before waking the consumer. */
void queue_commit_and_unlock(struct queue *q)
	__releases(&q->lock)
{
	q->len++;
	spin_unlock(&q->lock);
}
