import { expect } from "chai";
import { GitHubConnection, validateGitHubConnectionArgs } from "../../../components/bootstrap";
import { declare } from "../../support/harness";

describe("GitHubConnection", () => {
    it("creates one GitHub connection named like the component, protected and retained", async () => {
        const plan = await declare(() => new GitHubConnection("platform-github", { tags: { team: "platform" } }));
        expect(plan.inventory()).to.deep.equal(["aws:codestarconnections/connection:Connection::platform-github", "platform:bootstrap:GitHubConnection::platform-github"]);
        const connection = plan.one("aws:codestarconnections/connection:Connection", "platform-github");
        expect(connection.inputs).to.deep.equal({ name: "platform-github", providerType: "GitHub", tags: { team: "platform", Name: "platform-github" } });
        expect([connection.protect, connection.retainOnDelete]).to.deep.equal([true, true]);
    });

    it("exports the connection ARN, and neither protects nor retains it when protect is false", async () => {
        const plan = await declare(() => ({ arn: new GitHubConnection("platform-github", { connectionName: "ci-runners", protect: false }).connectionArn }));
        const connection = plan.one("aws:codestarconnections/connection:Connection", "platform-github");
        expect([connection.inputs.name, connection.protect, connection.retainOnDelete]).to.deep.equal(["ci-runners", false, false]);
        expect(plan.outputs.arn).to.be.a("string").and.match(/:connection\//);
    });

    it("rejects a connection name longer than 32 characters", () => {
        expect(() => validateGitHubConnectionArgs({ connectionName: "c".repeat(33) }))
            .to.throw()
            .with.property("problems")
            .that.deep.equals([`connectionName: "${"c".repeat(33)}" is not a connection name of 1 to 32 characters`]);
    });
});
