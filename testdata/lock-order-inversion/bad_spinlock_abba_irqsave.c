struct sched_q {
	spinlock_t lock;
	int len;
};

struct sched_dev {
	spinlock_t lock;
	struct sched_q *q;
};

void dev_enqueue(struct sched_dev *d)
{
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	spin_lock(&d->q->lock);					/* expect: lock-order-inversion */
	d->q->len++;
	spin_unlock(&d->q->lock);
	spin_unlock_irqrestore(&d->lock, flags);
}

void q_drain(struct sched_q *q, struct sched_dev *d)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	spin_lock(&d->lock);
	q->len = 0;
	spin_unlock(&d->lock);
	spin_unlock_irqrestore(&q->lock, flags);
}
