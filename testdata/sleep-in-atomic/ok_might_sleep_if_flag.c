/* expect-none */
/*
 * might_sleep_if(cond) only states that the function may sleep when cond holds; here cond is a flag its atomic
 * callers do not pass.
 */
#define AH_SLEEPABLE 1

struct ah {
	int id;
};

struct ah_table {
	spinlock_t lock;
	struct ah *last;
};

static struct ah *ah_create(struct ah *ah, unsigned int flags)
{
	might_sleep_if(flags & AH_SLEEPABLE);
	ah->id = 1;
	return ah;
}

void ah_refresh(struct ah_table *t, struct ah *ah)
{
	spin_lock(&t->lock);
	t->last = ah_create(ah, 0);
	spin_unlock(&t->lock);
}
