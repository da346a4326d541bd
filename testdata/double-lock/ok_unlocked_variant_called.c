/* expect-none */
struct queue {
	spinlock_t lock;
	int len;
};

static void __queue_reset(struct queue *q)
{
	q->len = 0;
}

void queue_flush(struct queue *q)
{
	spin_lock(&q->lock);
	if (q->len > 16)
		__queue_reset(q);
	spin_unlock(&q->lock);
}
