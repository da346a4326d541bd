struct blk_mq_hw_ctx;
struct blk_mq_queue_data;

struct foo_dev {
	struct mutex lock;
	char key[32];
};

static struct foo_dev the_dev;

long foo_ioctl_get_key(struct foo_dev *dev, void __user *out)
{
	long ret = 0;

	mutex_lock(&dev->lock);					/* step: acquire */
	if (copy_to_user(out, dev->key, sizeof(dev->key)))	/* expect: mutex-held-across-fault */ /* expect: lock-order-inversion */ /* step: fault */
		ret = -EFAULT;
	mutex_unlock(&dev->lock);
	return ret;
}

static int foo_queue_rq(struct blk_mq_hw_ctx *hctx, const struct blk_mq_queue_data *bd)
{
	mutex_lock(&the_dev.lock);
	the_dev.key[0] ^= 1;
	mutex_unlock(&the_dev.lock);
	return 0;
}

static const struct blk_mq_ops foo_mq_ops = {
	.queue_rq = foo_queue_rq,
};
