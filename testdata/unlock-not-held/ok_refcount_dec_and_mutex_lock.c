/* expect-none */
/*
 * refcount_dec_and_mutex_lock() takes the mutex only when it drops the last reference, and says so by
 * returning true: the unlock after it pairs with that acquisition.
 */
struct hem_chunk {
	refcount_t refcount;
	void *buf;
};

struct hem_table {
	struct mutex mutex;
	struct hem_chunk *chunk;
};

void hem_table_put(struct hem_table *table, int check_refcount)
{
	if (!check_refcount)
		mutex_lock(&table->mutex);
	else if (!refcount_dec_and_mutex_lock(&table->chunk->refcount, &table->mutex))
		return;

	kfree(table->chunk->buf);
	table->chunk->buf = NULL;
	mutex_unlock(&table->mutex);
}
