/* expect-none */
struct vm_ctx {
	struct mutex lock;
	int refs;
};

void vm_ctx_lock(struct vm_ctx *v)
{
	mutex_lock(&v->lock);
}

void vm_ctx_unlock(struct vm_ctx *v)
{
	mutex_unlock(&v->lock);
}

void vm_ctx_get(struct vm_ctx *v)
{
	vm_ctx_lock(v);
	v->refs++;
	vm_ctx_unlock(v);
}
