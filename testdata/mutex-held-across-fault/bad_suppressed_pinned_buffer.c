struct ring {
	struct mutex lock;
	char data[256];
};

long ring_copy_out(struct ring *r, void __user *pinned)
{
	long ret = 0;

	mutex_lock(&r->lock);
	/* faultline: ignore mutex-held-across-fault -- the buffer was pinned with pin_user_pages() at open time */
	if (copy_to_user(pinned, r->data, sizeof(r->data)))	/* expect-suppressed: mutex-held-across-fault */
		ret = -EFAULT;
	mutex_unlock(&r->lock);
	return ret;
}
