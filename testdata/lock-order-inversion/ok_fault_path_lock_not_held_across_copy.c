/* expect-none */
struct vm_fault;

struct cam_dev {
	struct mutex lock;
	char frame[256];
};

static struct cam_dev cam;

long cam_ioctl_get_frame(struct cam_dev *dev, void __user *out)
{
	char snap[256];

	mutex_lock(&dev->lock);
	memcpy(snap, dev->frame, sizeof(snap));
	mutex_unlock(&dev->lock);
	return copy_to_user(out, snap, sizeof(snap)) ? -EFAULT : 0;
}

static int cam_vm_fault(struct vm_fault *vmf)
{
	mutex_lock(&cam.lock);
	cam.frame[0] = 0;
	mutex_unlock(&cam.lock);
	return 0;
}

static const struct vm_operations_struct cam_vm_ops = {
	.fault = cam_vm_fault,
};
