package dev.lorabench.analysis;

/**
 * One base tensor before and after a fine-tune.
 *
 * @param name the parameter's path in the model
 * @param kind DJL's parameter type (weight, bias, gamma, beta, running_mean, running_var)
 * @param maxAbsDelta the largest absolute change of any element (0 when bit-identical)
 */
public record TensorCheck(String name, String kind, long elements, String sha256Before, String sha256After, double maxAbsDelta) {

    public boolean unchanged() {
        return sha256Before.equals(sha256After);
    }
}
