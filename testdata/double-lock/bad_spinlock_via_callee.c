struct queue {
	spinlock_t lock;
	int len;
};

static void queue_reset(struct queue *q)
{
	spin_lock(&q->lock);					/* step: acquire */
	q->len = 0;
	spin_unlock(&q->lock);
}

void queue_flush(struct queue *q)
{
	spin_lock(&q->lock);					/* step: acquire */
	if (q->len > 16)
		queue_reset(q);					/* expect: double-lock */ /* step: call */
	spin_unlock(&q->lock);
}
