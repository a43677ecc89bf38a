import { expect } from "chai";
import { lifecyclePolicyDocument, replicationRules, repositoryPullPolicy, repositorySlug, scanningRules } from "../../../components/registry";

const PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

describe("registry documents", () => {
    it("expires untagged images after D days and keeps the newest N tagged ones", () => {
        expect(lifecyclePolicyDocument(30, 7)).to.deep.equal({
            rules: [
                {
                    rulePriority: 1,
                    description: "Expire untagged images after 7 days",
                    selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
                    action: { type: "expire" },
                },
                {
                    rulePriority: 2,
                    description: "Keep the newest 30 tagged images",
                    selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 30 },
                    action: { type: "expire" },
                },
            ],
        });
    });

    it("lets only the organization's accounts pull, through a * principal pinned by aws:PrincipalOrgID", () => {
        expect(repositoryPullPolicy("eu-west-1", { orgId: "o-abcdefghij" })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{ Sid: "OrganizationPull", Effect: "Allow", Principal: "*", Action: PULL, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" } } }],
        });
    });

    it("lets the listed accounts' roots pull when there is no organization", () => {
        expect(repositoryPullPolicy("eu-west-1", { accountIds: ["222222222222", "333333333333"] })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{ Sid: "AccountPull", Effect: "Allow", Principal: { AWS: ["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"] }, Action: PULL }],
        });
    });

    it("has no pull policy when nobody else pulls", () => {
        expect(repositoryPullPolicy("eu-west-1", {})).to.equal(undefined);
        expect(repositoryPullPolicy("eu-west-1", { accountIds: [] })).to.equal(undefined);
    });

    it("scans continuously, on push only, or basic on push", () => {
        const all = [{ filter: "*", filterType: "WILDCARD" }];
        expect(scanningRules("ENHANCED", true)).to.deep.equal([{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: all }]);
        expect(scanningRules("ENHANCED", false)).to.deep.equal([{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: all }]);
        expect(scanningRules("BASIC", true)).to.deep.equal([{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: all }]);
    });

    it("replicates this registry's repositories to the same account in each region", () => {
        expect(replicationRules("444444444444", ["eu-central-1", "us-east-1"], ["payments/api", "web"])).to.deep.equal([
            {
                destinations: [
                    { region: "eu-central-1", registryId: "444444444444" },
                    { region: "us-east-1", registryId: "444444444444" },
                ],
                repositoryFilters: [
                    { filter: "payments/api", filterType: "PREFIX_MATCH" },
                    { filter: "web", filterType: "PREFIX_MATCH" },
                ],
            },
        ]);
    });

    it("turns repository names into kebab-case child names", () => {
        expect(repositorySlug("payments/api.v2_x")).to.equal("payments-api-v2-x");
    });
});
