struct mm_struct;

struct vma_report {
	unsigned long start;
	unsigned long end;
};

static int emit_report(struct vma_report __user *out, unsigned long start, unsigned long end)
{
	struct vma_report r;

	r.start = start;
	r.end = end;
	return copy_to_user(out, &r, sizeof(r)) ? -EFAULT : 0;	/* step: fault */
}

int report_first_vma(struct mm_struct *mm, struct vma_report __user *out, unsigned long start)
{
	int ret;

	mmap_read_lock(mm);					/* step: acquire */
	ret = emit_report(out, start, start + 4096);		/* expect: mmap-lock-held-across-fault */
	mmap_read_unlock(mm);
	return ret;
}
