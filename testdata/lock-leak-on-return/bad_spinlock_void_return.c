struct evq {
	spinlock_t lock;
	int head;
	int tail;
};

void evq_pop(struct evq *q, int *out)
{
	spin_lock(&q->lock);
	if (q->head == q->tail)
		return;						/* expect: lock-leak-on-return */
	*out = q->head++;
	spin_unlock(&q->lock);
}
