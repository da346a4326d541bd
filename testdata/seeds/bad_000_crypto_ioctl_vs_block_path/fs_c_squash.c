/* expect-none */
/* A read-only filesystem on driver B: its page-fault handler reads through B with mmap_lock held for read. */
struct vm_fault {
	char *page_buf;
};

int b_read_sync(char *buf, int len);

static int sq_filemap_fault(struct vm_fault *vmf)
{
	if (b_read_sync(vmf->page_buf, 4096))
		return VM_FAULT_SIGBUS;
	return 0;
}

static const struct vm_operations_struct sq_vm_ops = {
	.fault = sq_filemap_fault,
};
