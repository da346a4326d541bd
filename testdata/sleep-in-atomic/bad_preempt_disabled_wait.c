struct completion;

struct percpu_stat {
	int pending;
};

void stat_flush(struct percpu_stat *s, struct completion *done)
{
	preempt_disable();
	s->pending = 0;
	wait_for_completion(done);				/* expect: sleep-in-atomic */
	preempt_enable();
}
