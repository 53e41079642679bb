package dgm.core.model;

/** A model that only samples (e.g. a GAN generator). It claims no likelihood. */
public interface ImplicitModel extends GenerativeModel {
}
