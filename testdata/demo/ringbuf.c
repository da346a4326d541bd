/*
 * ringbuf: a tiny character device that buffers samples from an interrupt
 * and hands them to user space. It has four locking bugs; faultline finds
 * each one and explains the path. Run:  ./faultline scan
 */
struct file;

struct sample {
	unsigned int seq;
	unsigned int value;
};

struct ringbuf {
	struct mutex io_lock;		/* serialises readers and ioctls */
	spinlock_t irq_lock;		/* protects head/tail against the IRQ handler */
	struct sample *slots;
	unsigned int size;
	unsigned int head;
	unsigned int tail;
};

static struct ringbuf rb;

/* Bug 1: the interrupt path allocates with GFP_KERNEL under a spinlock. */
void ringbuf_irq_push(struct ringbuf *r, unsigned int value)
{
	unsigned long flags;

	spin_lock_irqsave(&r->irq_lock, flags);			/* step: acquire */
	if (!r->slots)
		r->slots = kcalloc(r->size, sizeof(struct sample), GFP_KERNEL);	/* expect: sleep-in-atomic */
	if (r->slots) {
		r->slots[r->head % r->size].value = value;
		r->head++;
	}
	spin_unlock_irqrestore(&r->irq_lock, flags);
}

/* Bug 2: the sample is copied to user space with io_lock held; a fault on the buffer waits for mmap_lock. */
long ringbuf_read(struct file *filp, char __user *buf, unsigned long count, long *ppos)
{
	struct sample s;

	mutex_lock(&rb.io_lock);				/* step: acquire */
	spin_lock_irq(&rb.irq_lock);
	if (rb.tail == rb.head) {
		spin_unlock_irq(&rb.irq_lock);
		mutex_unlock(&rb.io_lock);
		return 0;
	}
	s = rb.slots[rb.tail % rb.size];
	rb.tail++;
	spin_unlock_irq(&rb.irq_lock);
	if (copy_to_user(buf, &s, sizeof(s))) {			/* expect: mutex-held-across-fault */ /* step: fault */
		mutex_unlock(&rb.io_lock);
		return -EFAULT;
	}
	mutex_unlock(&rb.io_lock);
	return sizeof(s);
}

/* Bug 3: the error path returns with io_lock still held; the next read() hangs. */
long ringbuf_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	mutex_lock(&rb.io_lock);				/* step: acquire */
	if (arg == 0 || arg > 4096)
		return -EINVAL;					/* expect: lock-leak-on-return */
	rb.size = arg;
	rb.head = 0;
	rb.tail = 0;
	mutex_unlock(&rb.io_lock);
	return 0;
}

/* Bug 4: the reset helper takes io_lock again when called from release(), which already holds it. */
static void ringbuf_reset(struct ringbuf *r)
{
	mutex_lock(&r->io_lock);
	r->head = 0;
	r->tail = 0;
	mutex_unlock(&r->io_lock);
}

int ringbuf_release(struct file *filp)
{
	mutex_lock(&rb.io_lock);				/* step: acquire */
	ringbuf_reset(&rb);					/* expect: double-lock */
	mutex_unlock(&rb.io_lock);
	return 0;
}

static const struct file_operations ringbuf_fops = {
	.read = ringbuf_read,
	.unlocked_ioctl = ringbuf_ioctl,
	.release = ringbuf_release,
};
