/**
 * ECR repository names: 2 to 256 characters, lowercase path components joined by `/`, each
 * letters and digits separated by one of `.`, `_`, `-`
 * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html, read 2026-12-03).
 * Pure: the stack settings and the golden-path image check read it too.
 */
export const ECR_REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
export const ECR_REPOSITORY_NAME_LENGTH = { min: 2, max: 256 } as const;

/** Why a string is not an ECR repository name, or undefined. */
export function ecrRepositoryNameProblem(name: string): string | undefined {
    if (name.length < ECR_REPOSITORY_NAME_LENGTH.min || name.length > ECR_REPOSITORY_NAME_LENGTH.max) {
        return `is ${name.length} characters; an ECR repository name has ${ECR_REPOSITORY_NAME_LENGTH.min} to ${ECR_REPOSITORY_NAME_LENGTH.max}`;
    }
    if (!ECR_REPOSITORY_NAME.test(name)) {
        return "is not an ECR repository name (lowercase letters and digits, one of '.', '_', '-' between them, path components joined by '/')";
    }
    return undefined;
}

/** A private ECR registry host: `<account>.dkr.ecr.<region>.amazonaws.com[.cn]`. */
export const ECR_REGISTRY_HOST = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;
