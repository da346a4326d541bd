/* expect-none */
struct scratch {
	void *buf;
};

int scratch_fill(struct scratch *s, const void __user *src)
{
	unsigned long left;

	pagefault_disable();
	left = __copy_from_user_inatomic(s->buf, src, 64);
	pagefault_enable();
	if (left)
		s->buf = kmalloc(64, GFP_KERNEL);
	return s->buf ? 0 : -ENOMEM;
}
