/* expect-none */
/*
 * A register-access request says which device locks it needs; the handler takes them in order and drops them
 * in reverse, testing the request's flags again. Dropping a device lock says nothing about the request,
 * which that lock does not protect.
 */
struct regreq {
	struct mutex lock;
	int use_index;
	int use_bank;
};

struct gpudev {
	struct mutex index_mutex;
	struct mutex bank_mutex;
};

int regreq_run(struct gpudev *dev, struct regreq *rd)
{
	mutex_lock(&rd->lock);
	if (rd->use_index)
		mutex_lock(&dev->index_mutex);
	if (rd->use_bank)
		mutex_lock(&dev->bank_mutex);

	if (rd->use_index)
		mutex_unlock(&dev->index_mutex);
	if (rd->use_bank)
		mutex_unlock(&dev->bank_mutex);
	mutex_unlock(&rd->lock);
	return 0;
}
