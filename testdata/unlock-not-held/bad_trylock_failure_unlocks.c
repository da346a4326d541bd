struct stat_blk {
	spinlock_t lock;
	long hits;
};

void stat_hit(struct stat_blk *s)
{
	if (spin_trylock(&s->lock))
		s->hits++;
	spin_unlock(&s->lock);					/* expect: unlock-not-held */
}
