import { expect } from "chai";
import { checkPlatformRoleArgs, PlatformRoleArgs, platformRoleInputs, Problems, roleArnOf } from "../../../components/common";

function problems(args: PlatformRoleArgs): readonly string[] {
    const p = new Problems();
    checkPlatformRoleArgs(p, args);
    return p.all;
}

describe("platform role fence", () => {
    it("defaults to /platform/ and the account's workload boundary, and keeps what is given", () => {
        expect(platformRoleInputs({}, "111111111111", "eu-west-1")).to.deep.equal({ path: "/platform/", permissionsBoundary: "arn:aws:iam::111111111111:policy/platform/platform-workload-boundary" });
        expect(platformRoleInputs({ rolePath: "/platform/ci/", permissionsBoundaryArn: "arn:aws:iam::111111111111:policy/b" }, "111111111111", "eu-west-1")).to.deep.equal({
            path: "/platform/ci/",
            permissionsBoundary: "arn:aws:iam::111111111111:policy/b",
        });
    });

    it("puts the path into the role's ARN", () => {
        expect(roleArnOf("111111111111", "eu-west-1", "dev-karpenter-node", "/platform/")).to.equal("arn:aws:iam::111111111111:role/platform/dev-karpenter-node");
        expect(roleArnOf("111111111111", "eu-west-1", "x")).to.equal("arn:aws:iam::111111111111:role/x");
    });

    const cases: [string, PlatformRoleArgs, string[]][] = [
        ["accepts a path below /platform/ and a policy ARN", { rolePath: "/platform/karpenter/", permissionsBoundaryArn: "arn:aws:iam::111111111111:policy/platform/x" }, []],
        ["rejects the root path", { rolePath: "/" }, ['rolePath: "/" is outside /platform/; the deployment roles create roles only under it (use "/platform/" or a path below it)']],
        ["rejects a look-alike path", { rolePath: "/platformx/" }, ['rolePath: "/platformx/" is outside /platform/; the deployment roles create roles only under it (use "/platform/" or a path below it)']],
        ["rejects a path without slashes", { rolePath: "platform" }, ['rolePath: "platform" is not an IAM path (starts and ends with "/", at most 512 printable ASCII characters)']],
        ["rejects a boundary given by name", { permissionsBoundaryArn: "platform-workload-boundary" }, ['permissionsBoundaryArn: "platform-workload-boundary" is not an IAM managed policy ARN (arn:aws:iam::<account>:policy/<path><name>)']],
    ];
    for (const [title, args, expected] of cases) {
        it(title, () => {
            expect(problems(args)).to.deep.equal(expected);
        });
    }
});
