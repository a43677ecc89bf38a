import { PolicyPack } from "@pulumi/policy";
import { kubernetesBaseline } from "./pack";

new PolicyPack(kubernetesBaseline.name, { description: kubernetesBaseline.description, enforcementLevel: kubernetesBaseline.enforcementLevel, policies: kubernetesBaseline.policies });
