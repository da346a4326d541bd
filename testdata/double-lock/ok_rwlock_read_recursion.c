/* expect-none */
struct route_tbl {
	rwlock_t lock;
	int n;
};

static int route_count(struct route_tbl *t)
{
	int n;

	read_lock(&t->lock);
	n = t->n;
	read_unlock(&t->lock);
	return n;
}

int route_dump(struct route_tbl *t)
{
	int n;

	read_lock(&t->lock);
	n = route_count(t);
	read_unlock(&t->lock);
	return n;
}
