struct timer_dev {
	struct mutex lock;
	void (*expired)(struct timer_dev *t);
	int armed;
};

void timer_dev_fire(struct timer_dev *t)
{
	void (*cb)(struct timer_dev *t);

	mutex_lock(&t->lock);					/* step: acquire */
	cb = t->expired;
	t->armed = 0;
	cb(t);							/* expect: lock-held-across-callback */
	mutex_unlock(&t->lock);
}
