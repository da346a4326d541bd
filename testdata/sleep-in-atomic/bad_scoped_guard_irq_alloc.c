struct evlog {
	spinlock_t lock;
	char *last;
};

void evlog_record(struct evlog *l, const char *msg)
{
	scoped_guard(spinlock_irqsave, &l->lock) {
		l->last = kstrdup(msg, GFP_KERNEL);		/* expect: sleep-in-atomic */
	}
}
