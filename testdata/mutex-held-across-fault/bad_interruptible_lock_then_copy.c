struct msgq {
	struct mutex lock;
	char msg[128];
};

long msgq_post(struct msgq *q, const void __user *src)
{
	long ret = 0;

	if (mutex_lock_interruptible(&q->lock))
		return -ERESTARTSYS;
	if (copy_from_user(q->msg, src, sizeof(q->msg)))	/* expect: mutex-held-across-fault */ /* step: fault */
		ret = -EFAULT;
	mutex_unlock(&q->lock);
	return ret;
}
