/* Driver A: hardware crypto, both a char device and an in-kernel API, one mutex for everything. */
struct file;

struct a_request {
	char data[512];
	int len;
};

static struct mutex A_mutex;
static struct a_request a_cur;

static void a_hw_run(struct a_request *req)
{
	req->data[0] ^= 0x5a;
}

/* In-kernel API used by driver B on its block I/O path. */
int a_decrypt(char *buf, int len)
{
	mutex_lock(&A_mutex);
	a_cur.len = len;
	a_hw_run(&a_cur);
	memcpy(buf, a_cur.data, len);
	mutex_unlock(&A_mutex);
	return 0;
}

/* Char device ioctl: user space asks for a result; A_mutex is held across the copy. */
long a_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	void __user *out = (void __user *)arg;
	long ret = 0;

	mutex_lock(&A_mutex);					/* step: acquire */
	a_hw_run(&a_cur);
	if (copy_to_user(out, a_cur.data, a_cur.len))		/* expect: mutex-held-across-fault */ /* expect: lock-order-inversion */ /* step: fault */
		ret = -EFAULT;
	mutex_unlock(&A_mutex);
	return ret;
}

static const struct file_operations a_fops = {
	.unlocked_ioctl = a_ioctl,
};
