/* expect-none */
/*
 * The copy-out helper is called with the device mutex held and drops it around the user access: the access
 * does not fault under the mutex.
 */
struct evq {
	struct mutex lock;
	int pending;
	int event;
};

static int evq_copy_out(struct evq *q, int __user *out)
{
	int ev = q->event;
	int ret;

	mutex_unlock(&q->lock);
	ret = put_user(ev, out);
	mutex_lock(&q->lock);
	return ret;
}

int evq_read(struct evq *q, int __user *out)
{
	int ret = 0;

	mutex_lock(&q->lock);
	if (q->pending)
		ret = evq_copy_out(q, out);
	mutex_unlock(&q->lock);
	return ret;
}
