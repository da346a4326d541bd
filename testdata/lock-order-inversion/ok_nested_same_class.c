/* expect-none */
struct dnode {
	struct mutex lock;
	struct dnode *parent;
	int children;
};

void dnode_link(struct dnode *child)
{
	struct dnode *parent = child->parent;

	mutex_lock(&parent->lock);
	mutex_lock_nested(&child->lock, 1);
	parent->children++;
	mutex_unlock(&child->lock);
	mutex_unlock(&parent->lock);
}
