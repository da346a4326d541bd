/* expect-none */
struct mm_struct;

struct range_req {
	unsigned long start;
	unsigned long len;
};

long apply_range(struct mm_struct *mm, const struct range_req __user *ureq, unsigned long *applied)
{
	struct range_req req;

	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	mmap_write_lock(mm);
	*applied = req.start + req.len;
	mmap_write_unlock(mm);
	return 0;
}
