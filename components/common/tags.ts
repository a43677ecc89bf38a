/**
 * Tag precedence, written once: provider `defaultTags` < component `tags` < the child's `Name`.
 * Components pass `tagsFor(...)` to every taggable child; the provider adds its default tags.
 */
export function tagsFor(componentTags: Record<string, string> | undefined, name?: string, extra?: Record<string, string>): Record<string, string> {
    return { ...(componentTags ?? {}), ...(extra ?? {}), ...(name ? { Name: name } : {}) };
}
