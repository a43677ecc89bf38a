import { expect } from "chai";
import { parse } from "yaml";
import { execCredential, kubeconfigObject, renderKubeconfig } from "../../../components/cluster/kubeconfig";

const INPUT = {
    clusterName: "dev",
    endpoint: "https://ABC.gr7.eu-west-1.eks.amazonaws.com",
    certificateAuthorityData: "Q0EtREFUQQ==",
    region: "eu-west-1",
};

describe("kubeconfig", () => {
    it("renders the exec-auth kubeconfig (snapshot)", () => {
        expect(renderKubeconfig(INPUT, "yaml")).to.equal(
            [
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "  - name: dev",
                "    cluster:",
                "      server: https://ABC.gr7.eu-west-1.eks.amazonaws.com",
                "      certificate-authority-data: Q0EtREFUQQ==",
                "contexts:",
                "  - name: dev",
                "    context:",
                "      cluster: dev",
                "      user: dev",
                "current-context: dev",
                "preferences: {}",
                "users:",
                "  - name: dev",
                "    user:",
                "      exec:",
                "        apiVersion: client.authentication.k8s.io/v1beta1",
                "        command: aws",
                "        args:",
                "          - eks",
                "          - get-token",
                "          - --cluster-name",
                "          - dev",
                "          - --region",
                "          - eu-west-1",
                "          - --output",
                "          - json",
                "        interactiveMode: Never",
                "",
            ].join("\n"),
        );
    });

    it("renders the same document as JSON and YAML", () => {
        expect(JSON.parse(renderKubeconfig(INPUT))).to.deep.equal(parse(renderKubeconfig(INPUT, "yaml")));
        expect(JSON.parse(renderKubeconfig(INPUT))).to.deep.equal(kubeconfigObject(INPUT));
    });

    it("points cluster, context and user at one another", () => {
        const k = JSON.parse(renderKubeconfig(INPUT));
        expect(k["current-context"]).to.equal("dev");
        expect(k.contexts).to.deep.equal([{ name: "dev", context: { cluster: "dev", user: "dev" } }]);
        expect(k.clusters[0].cluster).to.deep.equal({ server: INPUT.endpoint, "certificate-authority-data": "Q0EtREFUQQ==" });
    });

    it("authenticates only through aws eks get-token, never a static token or key", () => {
        const text = renderKubeconfig({ ...INPUT, roleArn: "arn:aws:iam::111111111111:role/deploy", profile: "dev" });
        const user = JSON.parse(text).users[0].user;
        expect(Object.keys(user)).to.deep.equal(["exec"]);
        expect(text).not.to.match(/"token"|client-key|client-certificate|password|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN/);
    });

    it("assumes the role and uses the profile when given", () => {
        expect(execCredential({ clusterName: "dev", region: "eu-west-1", roleArn: "arn:aws:iam::111111111111:role/deploy", profile: "dev" })).to.deep.equal({
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", "dev", "--region", "eu-west-1", "--output", "json", "--role-arn", "arn:aws:iam::111111111111:role/deploy"],
            interactiveMode: "Never",
            env: [{ name: "AWS_PROFILE", value: "dev" }],
        });
    });
});
