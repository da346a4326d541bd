/* expect-none */
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

/* Char device ioctl, fixed: the result is copied to user space after A_mutex is dropped. */
long a_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	void __user *out = (void __user *)arg;
	char result[512];
	int len;

	mutex_lock(&A_mutex);
	a_hw_run(&a_cur);
	len = a_cur.len;
	memcpy(result, a_cur.data, len);
	mutex_unlock(&A_mutex);
	if (copy_to_user(out, result, len))
		return -EFAULT;
	return 0;
}

static const struct file_operations a_fops = {
	.unlocked_ioctl = a_ioctl,
};
